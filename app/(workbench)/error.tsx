'use client';

import { Button } from '../_components/ui/button';
import { Card, CardBody } from '../_components/ui/card';

export default function WorkbenchError({ reset }: { error: Error; reset: () => void }) {
  return (
    <Card>
      <CardBody className="space-y-3 py-10 text-center">
        <h1 className="text-lg font-semibold text-slate-900">This page could not be shown</h1>
        <p className="text-sm text-slate-500">
          The server could not answer. Nothing was changed. Try again; if it persists, tell an administrator.
        </p>
        <Button variant="secondary" onClick={reset}>
          Try again
        </Button>
      </CardBody>
    </Card>
  );
}
