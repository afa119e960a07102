import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../../server/api/root';

type Outputs = inferRouterOutputs<AppRouter>['profiles'];
export type ProfileView = Outputs['get'];
export type VersionView = ProfileView['version'];
export type VersionSummary = ProfileView['versions'][number];
export type IssueGroupView = VersionView['groups'][number];
export type CardPreviewView = Outputs['preview'];
export type PreviewNodeView = CardPreviewView['applications'][number]['dgis'][number]['tree'][number];

export interface Viewer {
  id: string;
  role: string;
}
