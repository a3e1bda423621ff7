import type { ModelDefinition } from '../../shared/models/ModelDefinition';
import type { Me } from '../../shared/api';

/**
 * Whether a model's pages show the pool buttons and whether the user may claim: administrators and
 * holders of a member role ("app/role") claim; anyone may release a record they own. The server
 * still decides every claim (limit, cooldown).
 */
export function poolAccess(model: Pick<ModelDefinition, 'pool'>, app: string, me?: Pick<Me, 'isAdmin' | 'roles'> | null) {
  const enabled = !!model.pool;
  const canClaim = enabled && !!me && (me.isAdmin || model.pool!.members.some((role) => me.roles.includes(`${app}/${role}`)));
  return { enabled, canClaim };
}
