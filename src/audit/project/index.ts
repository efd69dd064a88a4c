export type { ChainLink, Edge, ProjectFile, ProjectRoute } from './routes';
export { ProjectRouteMap, defensesOf, middlewareLabel } from './routes';
export { joinPaths } from '../../analysis/express';
export type { Finding, FindingReview, ResolvedFinding } from './findings';
export { defensesOfRule, reviewFindings } from './findings';
export { isRelativeSpecifier, resolveRelativeModule } from '../../analysis/engine/modules';
export type { ProjectChains, RouteAugment } from './augment';
export { projectChains } from './augment';
