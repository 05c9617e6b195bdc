import {
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { createApplicationActions } from './createApplicationActions';
import {
  RolloutActionService,
  RolloutActionServiceOptions,
  WaveStatusReader,
} from './RolloutActionService';

/**
 * The rollout actions over the sources configured under `baseLayer.sources`,
 * each upstream call limited to `timeoutMs` (`baseLayer.requestTimeout`).
 */
export function createRolloutActionService(deps: {
  config: RootConfigService;
  permissions: PermissionsService;
  logger: LoggerService;
  waves: WaveStatusReader;
  timeoutMs: number;
  history?: RolloutActionServiceOptions['history'];
}): RolloutActionService {
  return new RolloutActionService({
    waves: deps.waves,
    targets: createApplicationActions(deps.config, {
      timeoutMs: deps.timeoutMs,
    }),
    permissions: deps.permissions,
    logger: deps.logger,
    history: deps.history,
  });
}
