// The function library by name: the same names and results as FunctionLibrary.cs on the server.
import { FunctionCall, type FunctionContext } from './args';
import { dateFunctions } from './dates';
import { numberFunctions } from './numbers';
import { nextDateFromText } from './relativeDate';
import { textFunctions } from './text';
import { workdayFunctions } from './workdays';

export type LibraryFunction = (c: FunctionCall) => unknown;

export const functions: Readonly<Record<string, LibraryFunction>> = Object.freeze({
  ...numberFunctions,
  ...textFunctions,
  ...dateFunctions,
  ...workdayFunctions,
  nextDateFromText,
});

export const functionNames: readonly string[] = Object.keys(functions).sort();

export function isLibraryFunction(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(functions, name);
}

/** Calls a library function directly (e.g. from a form) with plain values. */
export function callFunction(name: string, args: unknown[], context: FunctionContext): unknown {
  if (!isLibraryFunction(name)) throw new Error(`${name} is not a library function`);
  return functions[name](new FunctionCall(name, args, context));
}
