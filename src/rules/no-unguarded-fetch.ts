import type { TSESLint } from '@typescript-eslint/utils';
import type { Node } from '../analysis/engine/ast';
import type { FileAnalysis, Route } from '../analysis/express';
import { getFileAnalysis } from '../analysis/express';
import type { OutboundRequest } from '../analysis/outbound/outbound';
import { hasFilteringAgent, isGuarded, outboundRequests, urlControl } from '../analysis/outbound/outbound';
import type { HandlerSite } from '../analysis/outbound/handler-sites';
import { enclosingSites, handlerSites } from '../analysis/outbound/handler-sites';
import type { Taint } from '../analysis/request/request-data';
import { getRequestData } from '../analysis/request/request-data';
import { createRule } from '../util/create-rule';

export type Options = [{ checkPath?: boolean }];
export type MessageIds = 'unguardedUrl' | 'unguardedPath';

function describeRoute(route: Route | null): string {
  if (!route) return '';
  return ` in ${route.method.toUpperCase()} ${route.fullPath ?? route.path ?? '(dynamic path)'}`;
}

/** The first URL part of the request that the client's data controls, and where that data came from. */
function controllingTaint(request: OutboundRequest, leaf: (node: Node) => Taint | null, analysis: FileAnalysis, anyPosition: boolean): Taint | null {
  for (const part of request.url) {
    const taint = urlControl(part, leaf, analysis.index, anyPosition);
    if (taint) return taint;
  }
  return null;
}

export const noUnguardedFetch = createRule<Options, MessageIds>({
  name: 'no-unguarded-fetch',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow outbound requests whose URL comes from request data without an allowlist guard',
      recommended: true,
      cwe: ['CWE-918'],
    },
    messages: {
      unguardedUrl:
        'This {{library}} call{{route}} requests a host taken from {{source}} with no allowlist check.',
      unguardedPath:
        'This {{library}} call{{route}} puts {{source}} into its URL path unchecked; encode it with encodeURIComponent.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkPath: {
            type: 'boolean',
            description: 'Also report request data placed in the path after a fixed origin (`https://api.example.com/users/${id}`).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkPath: false }],
  },
  defaultOptions: [{ checkPath: false }],
  create(context, [{ checkPath = false }]) {
    return {
      'Program:exit'() {
        const analysis = getFileAnalysis(context);
        // A file the first check found no handler in has no request to judge, and finding the
        // outbound requests reads every call of the file.
        if (!analysis.modelBuilt) return;
        const requests = outboundRequests(analysis.index, analysis.settings);
        if (requests.length === 0) return;
        const sitesAround = enclosingSites(handlerSites(analysis));
        for (const request of requests) {
          for (const site of sitesAround(request.call)) {
            if (checkRequest(context, analysis, site, request, checkPath)) break;
          }
        }
      },
    };
  },
});

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** Reports a request in a handler whose host (or, with checkPath, path) the client controls unguarded. */
function checkRequest(context: Context, analysis: FileAnalysis, site: HandlerSite, request: OutboundRequest, checkPath: boolean): boolean {
  const data = getRequestData(site.handler, analysis.index);
  const leaf = (node: Node): Taint | null => data.taintOf(node);
  const hostTaint = controllingTaint(request, leaf, analysis, false);
  const taint = hostTaint ?? (checkPath ? controllingTaint(request, leaf, analysis, true) : null);
  if (!taint) return false;
  if (hasFilteringAgent(request, analysis.index) || isGuarded(request.call, site.handler.fn, analysis.index, analysis.settings)) return false;
  context.report({
    node: request.call,
    messageId: hostTaint ? 'unguardedUrl' : 'unguardedPath',
    data: { library: request.library, route: describeRoute(site.route), source: taint.description },
  });
  return true;
}
