import { useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../shared/api';

/** The part of a record the pool buttons need; the server answers the whole record as the caller sees it. */
export interface PoolRecord {
  id: string;
  owner?: string | null;
  [field: string]: unknown;
}

export interface PoolButtonsProps {
  app: string;
  model: string;
  record: PoolRecord;
  /** The signed-in user's id: their own record can be released. */
  userId: string;
  /** Pool members and administrators may claim (see poolAccess); others only release their own records. */
  canClaim?: boolean;
  onChange?: (record: PoolRecord) => void;
}

/**
 * Claim (领取) a record of the shared pool, or release (退回公海) one's own. The server decides
 * (membership, claim limit, cooldown); its message is shown as it is.
 */
export function PoolButtons({ app, model, record, userId, canClaim = true, onChange }: PoolButtonsProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function act(action: 'claim' | 'release') {
    setBusy(true);
    setError(undefined);
    try {
      const updated = await api<PoolRecord>(
        `/api/apps/${encodeURIComponent(app)}/models/${encodeURIComponent(model)}/records/${encodeURIComponent(record.id)}/${action}`,
        { method: 'POST', json: {} },
      );
      onChange?.(updated);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const fieldMessage = Object.values(e.problem.errors ?? {})[0]?.[0];
      setError(e.status === 429 ? t('pool.limitReached', { message: e.problem.title }) : fieldMessage ?? e.problem.title ?? t('pool.failed'));
    } finally {
      setBusy(false);
    }
  }

  const inPool = record.owner == null;
  const mine = record.owner === userId;
  return (
    <Space size="small">
      {inPool && <Typography.Text type="secondary">{t('pool.inPool')}</Typography.Text>}
      {inPool && canClaim && (
        <Button type="primary" size="small" autoInsertSpace={false} loading={busy} onClick={() => void act('claim')}>
          {t('pool.claim')}
        </Button>
      )}
      {mine && (
        <Button size="small" autoInsertSpace={false} loading={busy} onClick={() => void act('release')}>
          {t('pool.release')}
        </Button>
      )}
      {error && (
        <Typography.Text type="danger" role="alert">
          {error}
        </Typography.Text>
      )}
    </Space>
  );
}
