'use client';

import { useQuery } from '@tanstack/react-query';
import { Badge } from '../../_components/ui/badge';
import { Card, CardHeader } from '../../_components/ui/card';
import { Empty, ErrorNotice, Loading } from '../../_components/ui/states';
import { Table, Td, Th } from '../../_components/ui/table';
import { errorMessage, useTRPC } from '../../_trpc/client';
import { ApplicationTemplateForm } from './application-template-form';

export function ApplicationTemplates({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.profiles.listApplicationTemplates.queryOptions());
  return (
    <div className="grid gap-6 lg:grid-cols-5">
      <Card className="lg:col-span-3">
        <CardHeader
          title="Application templates"
          description="AID, label and the EMV data elements every card of the application carries."
        />
        {templates.isPending ? (
          <Loading />
        ) : templates.error ? (
          <div className="p-5">
            <ErrorNotice message={errorMessage(templates.error)} />
          </div>
        ) : templates.data.length === 0 ? (
          <Empty title="No application templates yet">Create one with the form.</Empty>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>AID</Th>
                <Th>Data elements</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {templates.data.map((t) => (
                <tr key={t.id} data-testid="application-template-row">
                  <Td>
                    <span className="font-medium text-slate-900">{t.name}</span> <Badge>v{t.version}</Badge>
                    <div className="text-xs text-slate-500">
                      Label “{t.applicationLabel}” · by {t.createdByName}
                    </div>
                  </Td>
                  <Td className="font-mono text-xs">{t.aid}</Td>
                  <Td>
                    <ul className="space-y-0.5 text-xs">
                      {t.tags.map((tag) => (
                        <li key={tag.tag}>
                          <span className="font-mono text-slate-500">{tag.tag}</span> {tag.name}:{' '}
                          <span className="font-mono">{tag.value}</span>
                        </li>
                      ))}
                    </ul>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {canEdit ? <ApplicationTemplateForm /> : null}
    </div>
  );
}
