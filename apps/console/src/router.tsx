import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { ApiFailure } from './api/client';
import { SignInPage, SignUpPage } from './features/auth/SignIn';
import { sessionQuery } from './features/auth/session';
import { DatasetPage } from './features/datasets/DatasetPage';
import { DatasetsPage } from './features/datasets/DatasetsPage';
import { ExplorePage } from './features/explore/ExplorePage';
import { LogsPage } from './features/logs/LogsPage';
import { type LogsView, parseView } from './features/logs/view';
import { HomePage } from './features/projects/Home';
import { NewProjectPage } from './features/projects/NewProject';
import { OverviewPage } from './features/projects/OverviewPage';
import { Shell } from './features/projects/Shell';
import { DestinationPage } from './features/settings/DestinationPage';
import { KeysPage } from './features/settings/KeysPage';
import { MembersPage } from './features/settings/MembersPage';
import { ProfilePage } from './features/settings/ProfilePage';
import { SettingsLayout } from './features/settings/SettingsLayout';
import { TokensPage } from './features/settings/TokensPage';
import { UsagePage } from './features/settings/UsagePage';
import { NotFoundPage } from './ui/NotFound';

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({ component: Outlet });

const signInRoute = createRoute({ getParentRoute: () => rootRoute, path: '/sign-in', component: SignInPage });
const signUpRoute = createRoute({ getParentRoute: () => rootRoute, path: '/sign-up', component: SignUpPage });

// Every other page needs a session: without one (or once it expired) the user signs in again.
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: Shell,
  beforeLoad: async ({ context }) => {
    try {
      await context.queryClient.ensureQueryData(sessionQuery);
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 401) throw redirect({ to: '/sign-in' });
      throw error;
    }
  },
});

// Spelled out one by one: each literal path is what makes links to it type-checked.
const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomePage });
const newProjectRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/projects/new',
  component: NewProjectPage,
});
const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/p/$project',
  component: OverviewPage,
});
const datasetsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/p/$project/datasets',
  component: DatasetsPage,
});
const datasetRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/p/$project/datasets/$id',
  component: DatasetPage,
});

const exploreRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/p/$project/datasets/$id/explore',
  component: ExplorePage,
  validateSearch: (search: Record<string, unknown>): { q?: string } =>
    typeof search.q === 'string' ? { q: search.q } : {},
});

const logsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/p/$project/logs',
  component: LogsPage,
  validateSearch: (search: Record<string, unknown>): LogsView => parseView(search),
});
// Settings: one layout (section menu, the user's role), a page per section.
const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/p/$project/settings',
  component: SettingsLayout,
});
const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/',
  beforeLoad: ({ params }) => {
    throw redirect({ to: '/p/$project/settings/keys', params });
  },
});
const keysRoute = createRoute({ getParentRoute: () => settingsRoute, path: 'keys', component: KeysPage });
const tokensRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'tokens',
  component: TokensPage,
});
const membersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'members',
  component: MembersPage,
});
const destinationRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'destination',
  component: DestinationPage,
});
const usageRoute = createRoute({ getParentRoute: () => settingsRoute, path: 'usage', component: UsagePage });
const profileRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'profile',
  component: ProfilePage,
});
const settingsRoutes = [
  settingsIndexRoute,
  keysRoute,
  tokensRoute,
  membersRoute,
  destinationRoute,
  usageRoute,
  profileRoute,
] as const;

const routeTree = rootRoute.addChildren([
  signInRoute,
  signUpRoute,
  appRoute.addChildren([
    homeRoute,
    newProjectRoute,
    overviewRoute,
    datasetsRoute,
    datasetRoute,
    exploreRoute,
    logsRoute,
    settingsRoute.addChildren([...settingsRoutes]),
  ]),
]);

/** A 401 from any call means the session ended (expired, idle, signed out elsewhere): sign in again. */
function onApiError(error: unknown) {
  if (error instanceof ApiFailure && error.status === 401 && !location.pathname.startsWith('/sign-')) {
    queryClient.clear();
    void router.navigate({ to: '/sign-in' });
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: { retry: (count, error) => !(error instanceof ApiFailure && error.status < 500) && count < 2 },
  },
});

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: 'intent',
  defaultNotFoundComponent: NotFoundPage,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
