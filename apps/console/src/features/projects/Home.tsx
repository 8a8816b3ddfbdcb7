import { useQuery } from '@tanstack/react-query';
import { Navigate } from '@tanstack/react-router';
import { ErrorNote, Loading } from '../../ui/primitives';
import { projectsQuery } from './queries';

/** `/`: the first project's overview, or the form to create one. */
export function HomePage() {
  const projects = useQuery(projectsQuery);
  if (projects.isPending) return <Loading what="projects" />;
  if (projects.error) return <ErrorNote error={projects.error} />;
  const first = projects.data.projects[0];
  if (!first) return <Navigate to="/projects/new" />;
  return <Navigate to="/p/$project" params={{ project: first.slug }} />;
}
