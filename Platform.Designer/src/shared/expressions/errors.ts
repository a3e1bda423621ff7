/** An expression that could not be parsed, threw, or used something the browser evaluator refuses. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}
