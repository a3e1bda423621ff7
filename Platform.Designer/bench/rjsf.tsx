import { useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';
import Form from '@rjsf/core';
import validator from '@rjsf/validator-ajv8';
import type { RJSFSchema } from '@rjsf/utils';
import { benchSchema, benchUiSchema } from './benchForm';
import { markCommitted, markRenderStart } from './measure';

function Bench() {
  useLayoutEffect(markCommitted, []);
  return <Form schema={benchSchema as RJSFSchema} uiSchema={benchUiSchema} validator={validator} />;
}

markRenderStart();
createRoot(document.getElementById('root')!).render(<Bench />);
