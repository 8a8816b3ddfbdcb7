import { Link } from '@tanstack/react-router';

/** Any path the console has no page for: say so, and offer the way back (not a bare "Not Found"). */
export function NotFoundPage() {
  return (
    <main className="auth">
      <h1>Page not found</h1>
      <p>There is no page at {location.pathname}.</p>
      <p>
        <Link to="/">Back to your projects</Link>
      </p>
    </main>
  );
}
