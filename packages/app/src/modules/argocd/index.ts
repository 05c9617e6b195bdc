export { argocdFeature, hasArgoCdApplication } from './argocdPlugin';
