import type { TSESTree } from '@typescript-eslint/utils';
import type { DefenseKind } from '../engine/settings';
import { fileSlot, fileStore } from '../engine/store';
import type { Middleware } from './model';

/** A middleware of a chain, with the file it is registered in. */
export interface ChainLink {
  middleware: Middleware;
  file: string;
}

/**
 * What the whole project adds to one route of a file, which the file alone cannot show: the
 * audit computes it from the project's mounts across files and hands it to the file's build.
 */
export interface ProjectRouteChain {
  /** Defenses every way of reaching the route provides, and the file alone does not show. */
  kinds: ReadonlySet<DefenseKind>;
  /** The first middleware (in another file) that provides each of them. */
  providers: readonly ChainLink[];
  /** The mounted path, when every mount agrees on it. */
  fullPath: string | null;
  /** Whether every way of reaching the route starts at an app of the project. */
  mounted: boolean;
}

/** The project chains of one file's routes, by the start offset of the route's registration call. */
export type FileProjectChains = ReadonlyMap<number, ProjectRouteChain>;

const projectChainsSlot = fileSlot<FileProjectChains>('project chains');

/**
 * Hands the build of a file the chains its routes get in the project, before the file's model
 * is built (the audit calls it when a lint of the file starts). The model is built with them and
 * is not changed afterwards.
 */
export function registerProjectChains(program: TSESTree.Program, chains: FileProjectChains): void {
  fileStore(program).set(projectChainsSlot, chains);
}

/** The project chains registered for a file; null outside the audit. */
export function projectChainsOf(program: TSESTree.Program): FileProjectChains | null {
  return fileStore(program).get(projectChainsSlot) ?? null;
}

/**
 * The middleware that stands, at the head of a route's chain, for the defenses the project
 * chain adds: placed at the registration, so that every reader of the chain judges it with the
 * file it reads.
 */
export function projectStandIn(registration: Middleware['node'], project: ProjectRouteChain): Middleware {
  return { node: registration, kinds: project.kinds, via: 'project', fn: null };
}
