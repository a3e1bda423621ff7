import { createContext, useContext } from 'react';
import type { TFunction } from 'i18next';

/** The renderer's translate function, read once at the form root instead of once per field. */
export const FormTextContext = createContext<TFunction | null>(null);

export function useFormText(): TFunction {
  const t = useContext(FormTextContext);
  if (!t) throw new Error('useFormText outside a FormRenderer');
  return t;
}
