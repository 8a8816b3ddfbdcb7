import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useParams } from '@tanstack/react-router';
import { ErrorNote, Loading } from '../../ui/primitives';
import './settings.css';
import { projectQuery } from './queries';
import { can } from './roles';

/** Settings of one project (and of the signed-in user): a section menu, then the section. */
export function SettingsLayout() {
  const { project = '' } = useParams({ strict: false });
  const info = useQuery(projectQuery(project));
  const role = info.data?.project.role;
  return (
    <section className="settings">
      <h1>Settings of {project}</h1>
      {info.isPending && <Loading what="your role" />}
      <ErrorNote error={info.error} />
      {role && (
        <nav aria-label="Settings sections" className="tabs">
          <Link to="/p/$project/settings/keys" params={{ project }}>
            Ingest keys
          </Link>
          <Link to="/p/$project/settings/tokens" params={{ project }}>
            Access tokens
          </Link>
          <Link to="/p/$project/settings/members" params={{ project }}>
            Members
          </Link>
          {can(role, 'viewDestination') && (
            <Link to="/p/$project/settings/destination" params={{ project }}>
              Destination
            </Link>
          )}
          <Link to="/p/$project/settings/usage" params={{ project }}>
            Usage
          </Link>
          <Link to="/p/$project/settings/profile" params={{ project }}>
            Profile
          </Link>
          <a href="/docs">API reference</a>
        </nav>
      )}
      <p className="muted">Your role in this project: {role ?? '…'}</p>
      {role && <Outlet />}
    </section>
  );
}

/** The signed-in user's role in the project of the current page (the layout loaded it). */
export function useRole(project: string) {
  return useQuery(projectQuery(project)).data?.project.role;
}
