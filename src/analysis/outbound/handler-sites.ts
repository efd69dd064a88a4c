import type { Node } from '../engine/ast';
import type { FileAnalysis, Handler, Route } from '../express';

/** A handler with the route it serves, when this file registers one. */
export interface HandlerSite {
  handler: Handler;
  route: Route | null;
}

/** Route handlers first (they name a route), then functions shaped `(req, res)` that no route here registers. */
export function handlerSites(analysis: FileAnalysis): HandlerSite[] {
  const sites: HandlerSite[] = [];
  for (const route of analysis.model.routes) if (route.handler) sites.push({ handler: route.handler, route });
  for (const handler of analysis.model.unroutedHandlers) sites.push({ handler, route: null });
  return sites;
}

/**
 * For a node, the sites whose handler encloses it, in the order of `sites`: the ancestors are
 * looked up by function, so a file of many handlers and many requests costs their sum.
 */
export function enclosingSites(sites: HandlerSite[]): (node: Node) => HandlerSite[] {
  const indexesByFunction = new Map<Node, number[]>();
  sites.forEach((site, index) => {
    const indexes = indexesByFunction.get(site.handler.fn);
    if (indexes) indexes.push(index);
    else indexesByFunction.set(site.handler.fn, [index]);
  });
  return (node) => {
    const found: number[] = [];
    for (let current = node.parent; current; current = current.parent) {
      const indexes = indexesByFunction.get(current);
      if (indexes) found.push(...indexes);
    }
    return found.sort((a, b) => a - b).map((index) => sites[index]!);
  };
}
