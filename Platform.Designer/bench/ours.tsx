import { useLayoutEffect, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import '../src/shared/i18n';
import { FormRenderer } from '../src/runner/form/FormRenderer';
import { FormStore } from '../src/runner/form/FormStore';
import { benchForm, benchModel, benchSchema } from './benchForm';
import { markCommitted, markRenderStart } from './measure';

function Bench() {
  const store = useMemo(() => new FormStore(benchModel, benchForm, { schema: benchSchema }), []);
  useLayoutEffect(markCommitted, []);
  return <FormRenderer store={store} />;
}

markRenderStart();
createRoot(document.getElementById('root')!).render(<Bench />);
