import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useParams } from '@tanstack/react-router';
import { ErrorNote, Loading } from '../../ui/primitives';
import { sessionQuery, signOut } from '../auth/session';
import { projectsQuery } from './queries';

/** The signed-in frame: the project rail on the left, who you are and sign-out on top. */
export function Shell() {
  const session = useQuery(sessionQuery);
  const projects = useQuery(projectsQuery);
  const { project } = useParams({ strict: false });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const out = useMutation({
    mutationFn: signOut,
    onSuccess: async () => {
      queryClient.clear();
      await navigate({ to: '/sign-in' });
    },
  });
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Quarry
        </Link>
        <span className="who">Signed in as {session.data?.user.email}</span>
        <button type="button" className="small" onClick={() => out.mutate()}>
          Sign out
        </button>
        <ErrorNote error={out.error} />
      </header>
      <nav className="rail" aria-label="Projects">
        <h2>Projects</h2>
        {projects.isPending && <Loading what="projects" />}
        <ErrorNote error={projects.error} />
        <ul>
          {projects.data?.projects.map((item) => (
            <li key={item.slug}>
              <Link
                to="/p/$project"
                params={{ project: item.slug }}
                aria-current={item.slug === project ? 'page' : undefined}
              >
                {item.name}
              </Link>
            </li>
          ))}
        </ul>
        <Link to="/projects/new" className="button-link">
          New project
        </Link>
        {project && (
          <>
            <h2>In {project}</h2>
            <ul>
              <li>
                <Link to="/p/$project" params={{ project }} activeOptions={{ exact: true }}>
                  Overview
                </Link>
              </li>
              <li>
                <Link to="/p/$project/datasets" params={{ project }}>
                  Datasets
                </Link>
              </li>
              <li>
                <Link to="/p/$project/logs" params={{ project }}>
                  Logs
                </Link>
              </li>
              <li>
                <Link to="/p/$project/settings" params={{ project }}>
                  Settings
                </Link>
              </li>
            </ul>
          </>
        )}
      </nav>
      <main id="main" className="content">
        <Outlet />
      </main>
    </div>
  );
}
