// The renderer's light inputs take antd's design tokens as CSS variables, so they look like antd
// controls without antd's per-component cost. Columns collapse to one when the form is phone-narrow
// (a container query: the designer's phone preview collapses too).
import type { GlobalToken } from 'antd';
import type { CSSProperties } from 'react';

export function tokenVariables(token: GlobalToken): CSSProperties {
  return {
    '--lc-primary': token.colorPrimary,
    '--lc-primary-soft': token.colorPrimaryBg,
    '--lc-border': token.colorBorder,
    '--lc-split': token.colorSplit,
    '--lc-radius': `${token.borderRadius}px`,
    '--lc-font-size': `${token.fontSize}px`,
    '--lc-font': token.fontFamily,
    '--lc-height': `${token.controlHeight}px`,
    '--lc-text': token.colorText,
    '--lc-text-2': token.colorTextSecondary,
    '--lc-error': token.colorError,
    '--lc-bg': token.colorBgContainer,
    '--lc-bg-disabled': token.colorBgContainerDisabled,
    '--lc-warning': token.colorWarning,
  } as CSSProperties;
}

export const formCss = `
.lc-form{container-type:inline-size;font-family:var(--lc-font);font-size:var(--lc-font-size);color:var(--lc-text)}
.lc-row{display:grid;grid-template-columns:repeat(24,minmax(0,1fr));column-gap:16px}
.lc-col{min-width:0}
@container (max-width: 575px){.lc-row{display:block}}
.lc-field{margin-bottom:16px}
.lc-label{display:block;margin-bottom:6px;line-height:1.5}
.lc-req{color:var(--lc-error);margin-inline-end:4px}
.lc-input{box-sizing:border-box;width:100%;min-height:var(--lc-height);padding:4px 11px;font:inherit;color:inherit;
  background:var(--lc-bg);border:1px solid var(--lc-border);border-radius:var(--lc-radius);outline:none;transition:border-color .2s,box-shadow .2s}
.lc-input:hover{border-color:var(--lc-primary)}
.lc-input:focus{border-color:var(--lc-primary);box-shadow:0 0 0 2px var(--lc-primary-soft)}
.lc-input[readonly]:not([data-light]),.lc-input:disabled{background:var(--lc-bg-disabled)}
.lc-input[aria-invalid]{border-color:var(--lc-error)}
.lc-textarea{resize:vertical;min-height:calc(var(--lc-height)*2)}
.lc-output{display:flex;align-items:center;background:var(--lc-bg-disabled)}
.lc-affix{display:flex;align-items:center;gap:6px}
.lc-suffix{color:var(--lc-text-2)}
.lc-checkbox{width:16px;height:16px;accent-color:var(--lc-primary)}
.lc-error{color:var(--lc-error);margin-top:4px;font-size:calc(var(--lc-font-size) - 1px)}
.lc-help{color:var(--lc-text-2);margin-top:4px}
.lc-suggest{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin-top:4px;padding:2px 8px;border-radius:var(--lc-radius);background:var(--lc-primary-soft)}
.lc-suggest .lc-button{min-height:0;padding:0 8px}
.lc-section{border:0;border-top:1px solid var(--lc-split);margin:0 0 8px;padding:12px 0 0}
.lc-section>legend{font-weight:600;padding-inline-end:8px}
.lc-tabs-bar{display:flex;gap:4px;border-bottom:1px solid var(--lc-split);margin-bottom:16px;overflow-x:auto}
.lc-tab{background:none;border:0;border-bottom:2px solid transparent;padding:8px 12px;font:inherit;color:inherit;cursor:pointer}
.lc-tab[aria-selected=true]{color:var(--lc-primary);border-bottom-color:var(--lc-primary)}
.lc-rating{display:inline-flex;gap:2px}
.lc-star{background:none;border:0;font-size:20px;color:var(--lc-split);cursor:pointer;padding:0 2px}
.lc-star-on{color:var(--lc-warning)}
.lc-subtable{overflow-x:auto}
.lc-subtable table{border-collapse:collapse;width:100%;margin-bottom:8px}
.lc-subtable th,.lc-subtable td{border:1px solid var(--lc-split);padding:4px;text-align:left;min-width:80px}
.lc-subtable th:first-child,.lc-subtable td:first-child{min-width:24px;width:24px}
.lc-button{min-height:var(--lc-height);padding:4px 15px;border:1px solid var(--lc-border);border-radius:var(--lc-radius);background:var(--lc-bg);font:inherit;cursor:pointer}
.lc-button:hover{color:var(--lc-primary);border-color:var(--lc-primary)}
.lc-link{background:none;border:0;color:var(--lc-primary);cursor:pointer;font:inherit}
.lc-muted{color:var(--lc-text-2)}
.lc-files{display:flex;flex-direction:column;gap:4px;min-height:var(--lc-height);justify-content:center}
.lc-richtext-bar{display:flex;gap:4px;margin-bottom:4px}
.lc-richtext-bar button{min-width:28px;border:1px solid var(--lc-border);border-radius:var(--lc-radius);background:var(--lc-bg);cursor:pointer}
.lc-richtext-body{min-height:calc(var(--lc-height)*3)}
`;
