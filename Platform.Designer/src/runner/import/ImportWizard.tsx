import { useMemo, useState } from 'react';
import { Alert, Button, Card, Input, Radio, Result, Select, Space, Spin, Steps, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../shared/api';
import { fieldLabel, modelName, optionLabel, type FieldDefinition } from '../../shared/models/ModelDefinition';
import { RunnerLayout } from '../menu/RunnerLayout';
import { useRunnerSource } from '../menu/useRunnerSource';
import { saveBlob, tableApi } from '../table/tableApi';
import {
  autoMap, autoValueMap, distinctValues, importableFields, importOptions, needsValueMap, parseCsv, RECORD_ID, reportCsv, reportLines,
  type ColumnMapping, type ImportAction, type ImportMode, type Rejection, type SheetData, type ValueMaps,
} from './importMapping';
import { ImportActionPicker } from './ImportActionPicker';
import { readXlsx } from './readXlsx';

/** #/apps/:app/run/models/:model/import — upload, map columns, map values, choose the mode, see the row report. */
export default function ImportWizard() {
  const { app = '', model: modelKey = '' } = useParams();
  const { t, i18n } = useTranslation();
  const source = useRunnerSource(app);
  const model = source.data?.models.find((m) => m.key === modelKey);
  return (
    <RunnerLayout app={app} title={model ? `${modelName(model, i18n.language)} / ${t('table.import')}` : undefined}>
      {source.isLoading ? <Spin /> : !model ? <Result status="404" title={t('table.notFound')} /> : <Wizard app={app} modelKey={modelKey} fields={importableFields(model.fields)} />}
    </RunnerLayout>
  );
}

function Wizard({ app, modelKey, fields }: { app: string; modelKey: string; fields: FieldDefinition[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [sheet, setSheet] = useState<SheetData | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [values, setValues] = useState<ValueMaps>({});
  const [mode, setMode] = useState<ImportMode>('allOrNothing');
  const [action, setAction] = useState<ImportAction>('create');
  const [matchOn, setMatchOn] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ created: number; updated: number; rejected: Rejection[]; title?: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const byKey = useMemo(() => new Map(fields.map((f) => [f.key, f])), [fields]);
  const valueColumns = Object.entries(mapping).filter(([, key]) => key && needsValueMap(byKey.get(key)!)) as Array<[string, string]>;

  const read = async (f: File) => {
    setReadError(null);
    try {
      const data = /\.xlsx$/i.test(f.name) ? await readXlsx(await f.arrayBuffer()) : parseCsv(await f.text());
      if (data.headers.length === 0) throw new Error(t('table.importer.noHeader'));
      setFile(f);
      setSheet(data);
      const m = autoMap(data.headers, fields);
      setMapping(m);
      const v: ValueMaps = {};
      for (const [column, key] of Object.entries(m)) {
        const field = key ? byKey.get(key) : undefined;
        if (field && needsValueMap(field)) {
          const distinct = distinctValues(data, column);
          v[key!] = field.type === 'singleSelect' ? autoValueMap(field, distinct) : Object.fromEntries(distinct.map((x) => [x, x]));
        }
      }
      setValues(v);
      setStep(1);
    } catch (e) {
      setReadError(`${t('table.importer.unreadable')} ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const setColumn = (column: string, key: string | null) => {
    setMapping({ ...mapping, [column]: key });
    const field = key ? byKey.get(key) : undefined;
    if (field && needsValueMap(field) && sheet && !values[field.key]) {
      const distinct = distinctValues(sheet, column);
      setValues({ ...values, [field.key]: field.type === 'singleSelect' ? autoValueMap(field, distinct) : Object.fromEntries(distinct.map((x) => [x, x])) });
    }
  };

  const run = async () => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      const r = await tableApi.import(app, modelKey, file, importOptions(mapping, values, mode, action, matchOn));
      setResult({ created: r.created, updated: r.updated ?? 0, rejected: r.rejected ?? [] });
      setStep(4);
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.problem.rejected)) {
        setResult({ created: Number(e.problem.created ?? 0), updated: Number(e.problem.updated ?? 0), rejected: e.problem.rejected as Rejection[], title: e.problem.title });
        setStep(4);
      } else if (e instanceof ApiError) {
        setFailure([e.problem.title, ...Object.entries(e.problem.errors ?? {}).map(([k, v]) => `${k}: ${v.join(' ')}`)].filter(Boolean).join(' — '));
      } else setFailure(String(e));
    } finally {
      setBusy(false);
    }
  };

  const lines = result ? reportLines(result.rejected, mapping) : [];
  const reportHeaders: [string, string, string] = [t('table.importer.row'), t('table.importer.column'), t('table.importer.reason')];
  const fieldOptions = [{ value: '', label: t('table.importer.skipColumn') }, ...fields.map((f) => ({ value: f.key, label: fieldLabel(f, lang) })),
    { value: RECORD_ID, label: t('importAction.recordId') }];

  return (
    <Card data-testid="import-wizard">
      <Steps size="small" current={step} style={{ marginBottom: 16 }} responsive
        items={[t('table.importer.stepFile'), t('table.importer.stepColumns'), t('table.importer.stepValues'), t('table.importer.stepMode'), t('table.importer.stepReport')].map((title) => ({ title }))} />

      {step === 0 && (
        <Space direction="vertical">
          <Typography.Text>{t('table.importer.chooseFile')}</Typography.Text>
          <input type="file" accept=".csv,.xlsx" data-testid="import-file" onChange={(e) => { const f = e.target.files?.[0]; if (f) void read(f); }} />
          {readError && <Alert type="error" showIcon message={readError} />}
        </Space>
      )}

      {step === 1 && sheet && (
        <>
          <Table size="small" rowKey="column" pagination={false} data-testid="import-mapping" scroll={{ x: 'max-content' }}
            dataSource={sheet.headers.map((column, i) => ({ column, sample: sheet.rows.slice(0, 3).map((r) => r[i] ?? '').filter(Boolean).join(' · ') }))}
            columns={[
              { title: t('table.importer.column'), dataIndex: 'column' },
              { title: t('table.importer.sample'), dataIndex: 'sample', ellipsis: true },
              { title: t('table.importer.field'), render: (_: unknown, r: { column: string }) => (
                <Select size="small" style={{ width: 180 }} value={mapping[r.column] ?? ''} options={fieldOptions} data-column={r.column}
                  onChange={(v) => setColumn(r.column, v || null)} />
              ) },
            ]} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('table.importer.rowCount', { count: sheet.rows.length })}</Typography.Paragraph>
          <Space><Button onClick={() => setStep(0)}>{t('table.importer.back')}</Button><Button type="primary" onClick={() => setStep(valueColumns.length ? 2 : 3)} data-testid="import-next">{t('table.importer.next')}</Button></Space>
        </>
      )}

      {step === 2 && (
        <>
          {valueColumns.map(([column, key]) => {
            const field = byKey.get(key)!;
            const map = values[key] ?? {};
            return (
              <div key={key} style={{ marginBottom: 12 }} data-testid="value-map" data-field={key}>
                <Typography.Text strong>{column} → {fieldLabel(field, lang)}</Typography.Text>
                {Object.keys(map).length === 0 && <Typography.Paragraph type="secondary">{t('table.importer.allValuesMatch')}</Typography.Paragraph>}
                {Object.entries(map).map(([from, to]) => (
                  <div key={from} style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 4 }}>
                    <span style={{ flex: '0 0 40%' }}>{from}</span>→
                    {field.type === 'singleSelect' ? (
                      <Select size="small" style={{ width: 180 }} value={to} status={to ? undefined : 'warning'} data-value={from}
                        options={[{ value: '', label: t('table.importer.keepAsIs') }, ...(field.options ?? []).map((o) => ({ value: o.value, label: optionLabel(o, lang) }))]}
                        onChange={(v) => setValues({ ...values, [key]: { ...map, [from]: v } })} />
                    ) : (
                      <Input size="small" style={{ width: 180 }} value={to} data-value={from} placeholder={t('table.importer.relationHint')}
                        onChange={(e) => setValues({ ...values, [key]: { ...map, [from]: e.target.value } })} />
                    )}
                  </div>
                ))}
              </div>
            );
          })}
          <Space><Button onClick={() => setStep(1)}>{t('table.importer.back')}</Button><Button type="primary" onClick={() => setStep(3)} data-testid="import-next">{t('table.importer.next')}</Button></Space>
        </>
      )}

      {step === 3 && (
        <Space direction="vertical">
          <ImportActionPicker fields={fields} mapping={mapping} action={action} matchOn={matchOn} onChange={(a, m) => { setAction(a); setMatchOn(m); }} />
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} data-testid="import-mode">
            <Space direction="vertical">
              <Radio value="allOrNothing">{t('table.importer.allOrNothing')}</Radio>
              <Radio value="skipBadRows">{t('table.importer.skipBadRows')}</Radio>
            </Space>
          </Radio.Group>
          {failure && <Alert type="error" showIcon message={failure} data-testid="import-failure" />}
          <Space><Button onClick={() => setStep(valueColumns.length ? 2 : 1)}>{t('table.importer.back')}</Button><Button type="primary" loading={busy} disabled={action !== 'create' && !matchOn} onClick={() => void run()} data-testid="import-run">{t('table.importer.run')}</Button></Space>
        </Space>
      )}

      {step === 4 && result && (
        <>
          <Alert showIcon type={result.rejected.length === 0 ? 'success' : result.created + result.updated > 0 ? 'warning' : 'error'} data-testid="import-summary"
            message={action === 'create' ? t('table.importer.summary', { created: result.created, rejected: result.rejected.length })
              : t('importAction.summary', { created: result.created, updated: result.updated, rejected: result.rejected.length })} style={{ marginBottom: 8 }} />
          {lines.length > 0 && (
            <>
              <Table size="small" rowKey={(l) => `${l.row}/${l.column}/${l.reason}`} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="import-report"
                dataSource={lines} columns={[
                  { title: reportHeaders[0], dataIndex: 'row', width: 70 },
                  { title: reportHeaders[1], dataIndex: 'column', width: 140 },
                  { title: reportHeaders[2], dataIndex: 'reason' },
                ]} />
              <Button style={{ marginTop: 8 }} data-testid="import-report-download"
                onClick={() => saveBlob(new Blob([reportCsv(lines, reportHeaders)], { type: 'text/csv;charset=utf-8' }), `${modelKey}-import-errors.csv`)}>
                {t('table.importer.downloadReport')}
              </Button>
            </>
          )}
          <Space style={{ marginTop: 8, display: 'flex' }}>
            <Link to={`/apps/${app}/run/models/${modelKey}`}><Button type="primary" data-testid="import-to-table">{t('table.importer.toTable')}</Button></Link>
            <Button onClick={() => { setStep(0); setResult(null); setFile(null); setSheet(null); }}>{t('table.importer.again')}</Button>
          </Space>
        </>
      )}
    </Card>
  );
}
