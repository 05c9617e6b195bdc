export { CauseChain, describeCauseChain } from './CauseChain';
export type { CauseChainProps } from './CauseChain';
