import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorNote, Field } from '../../ui/primitives';

export function NewProjectPage() {
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: () => call(api.POST('/api/projects', { body: { slug, name: name || undefined } })),
    onSuccess: async ({ project }) => {
      await queryClient.invalidateQueries({ queryKey: ['projects'] });
      await navigate({ to: '/p/$project', params: { project: project.slug } });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <section>
      <h1>New project</h1>
      <form onSubmit={onSubmit} aria-label="New project">
        <Field label="Name" value={name} onChange={setName} />
        <Field
          label="Slug"
          value={slug}
          onChange={setSlug}
          required
          hint="Lowercase letters, digits and dashes; it appears in API paths."
        />
        <ErrorNote error={create.error} />
        <button type="submit" disabled={create.isPending}>
          Create project
        </button>
      </form>
    </section>
  );
}
