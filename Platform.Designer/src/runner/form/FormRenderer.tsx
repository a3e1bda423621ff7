// Renders a form definition over its model from one FormStore. Layout nodes render once; each field
// subscribes to its own slice of the store, so a keystroke re-renders one field.
import { memo, useMemo, useState, type ReactNode } from 'react';
import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LayoutNode, TabsNode } from '../../shared/forms/FormDefinition';
import { fieldLabel, optionLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';
import type { FormStore } from './FormStore';
import { formCss, tokenVariables } from './formStyles';
import { FormRuleErrors } from './FormRuleErrors';
import { FormTextContext, useFormText } from './formText';
import { FormStoreContext, useField, useFormStore } from './useField';
import { widgetFor } from './widgets/registry';

interface RenderContext {
  lang: string;
  app?: string;
  fields: Map<string, FieldDefinition>;
  idPrefix: string;
}

export function FormRenderer({ store, app, idPrefix = 'f' }: { store: FormStore; app?: string; idPrefix?: string }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const lang = i18n.language;
  const style = useMemo(() => tokenVariables(token), [token]);
  const ctx = useMemo<RenderContext>(
    () => ({ lang, app, idPrefix, fields: new Map(store.model.fields.map((f) => [f.key, f])) }),
    [lang, app, idPrefix, store],
  );
  return (
    <FormStoreContext.Provider value={store}>
      <FormTextContext.Provider value={t}>
        <div className="lc-form" style={style} data-testid="form-renderer">
          <style>{formCss}</style>
          <FormRuleErrors lang={lang} />
          <Nodes nodes={store.form.layout} ctx={ctx} />
        </div>
      </FormTextContext.Provider>
    </FormStoreContext.Provider>
  );
}

function Nodes({ nodes, ctx }: { nodes: LayoutNode[]; ctx: RenderContext }) {
  return (
    <>
      {nodes.map((node, i) => (
        <Node key={node.id ?? i} node={node} ctx={ctx} />
      ))}
    </>
  );
}

function title(node: { title?: string; titleEn?: string }, lang: string) {
  return lang === 'en' ? node.titleEn || node.title : node.title || node.titleEn;
}

const Node = memo(function Node({ node, ctx }: { node: LayoutNode; ctx: RenderContext }): ReactNode {
  switch (node.type) {
    case 'field':
    case 'subTable': {
      const field = ctx.fields.get(node.fieldKey);
      if (!field || field.retired) return null;
      return <FieldView field={field} node={node} ctx={ctx} />;
    }
    case 'section':
      return (
        <fieldset className="lc-section">
          {title(node, ctx.lang) && <legend>{title(node, ctx.lang)}</legend>}
          <Nodes nodes={node.children} ctx={ctx} />
        </fieldset>
      );
    case 'tabs':
      return <Tabs node={node} ctx={ctx} />;
    case 'tab':
      return <Nodes nodes={node.children} ctx={ctx} />;
    case 'row':
      return (
        <div className="lc-row">
          {node.children.map((col, i) => (
            <div key={col.id ?? i} className="lc-col" style={{ gridColumn: `span ${Math.min(24, Math.max(1, col.span || 24))}` }}>
              <Nodes nodes={col.children} ctx={ctx} />
            </div>
          ))}
        </div>
      );
    case 'column':
      return <Nodes nodes={node.children} ctx={ctx} />;
  }
});

function Tabs({ node, ctx }: { node: TabsNode; ctx: RenderContext }) {
  const [active, setActive] = useState(0);
  const current = node.children[Math.min(active, node.children.length - 1)];
  return (
    <div className="lc-tabs">
      <div className="lc-tabs-bar" role="tablist">
        {node.children.map((tab, i) => (
          <button key={tab.id ?? i} type="button" role="tab" className="lc-tab" aria-selected={tab === current} onClick={() => setActive(i)}>
            {title(tab, ctx.lang) || `${i + 1}`}
          </button>
        ))}
      </div>
      {current && (
        <div role="tabpanel">
          <Nodes nodes={current.children} ctx={ctx} />
        </div>
      )}
    </div>
  );
}

function FieldView({ field, node, ctx }: { field: FieldDefinition; node: Extract<LayoutNode, { fieldKey: string }>; ctx: RenderContext }) {
  const store = useFormStore();
  const t = useFormText();
  const { value, state, error, suggestion } = useField(field.key);
  if (!state.visible) return null;
  const Widget = widgetFor(field.type);
  const id = `${ctx.idPrefix}-${field.key}`;
  const label = (ctx.lang === 'en' ? node.props?.labelEn || node.props?.label : node.props?.label) || fieldLabel(field, ctx.lang);
  return (
    <div className="lc-field" data-field={field.key}>
      <label className="lc-label" htmlFor={id}>
        {state.required && <span className="lc-req">*</span>}
        {label}
      </label>
      <Widget
        id={id}
        field={field}
        props={node.props}
        columns={node.type === 'subTable' ? node.columns : undefined}
        value={value}
        readOnly={state.readOnly}
        invalid={!!error}
        lang={ctx.lang}
        app={ctx.app}
        onChange={(v) => store.setValue(field.key, v)}
        onBlur={() => store.touch(field.key)}
      />
      {suggestion !== undefined && !state.readOnly && <Suggestion field={field} value={suggestion} lang={ctx.lang} />}
      {node.props?.help && <div className="lc-help">{node.props.help}</div>}
      {error && (
        <div className="lc-error" role="alert">
          {error.code === 'server' || error.code === 'rule'
            ? String((ctx.lang === 'en' && error.params?.messageEn) || error.params?.message || '')
            : t(`runner.validation.${error.code}`, error.params)}
        </div>
      )}
    </div>
  );
}

/** A `suggest` rule's proposal: shown beside the field, written only when the user confirms it. */
function Suggestion({ field, value, lang }: { field: FieldDefinition; value: unknown; lang: string }) {
  const store = useFormStore();
  const t = useFormText();
  const shown = (Array.isArray(value) ? value : [value])
    .map((v) => {
      const option = field.options?.find((o) => o.value === v);
      return option ? optionLabel(option, lang) : String(v);
    })
    .join(lang === 'en' ? ', ' : '、');
  return (
    <div className="lc-suggest" role="status" data-suggest={field.key}>
      <span className="lc-muted">{t('suggest.label')}</span>
      <strong>{shown}</strong>
      <button type="button" className="lc-button" onClick={() => store.acceptSuggestion(field.key)}>
        {t('suggest.accept')}
      </button>
      <button type="button" className="lc-link" onClick={() => store.dismissSuggestion(field.key)}>
        {t('suggest.dismiss')}
      </button>
    </div>
  );
}
