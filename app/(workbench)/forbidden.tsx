import { Card, CardBody } from '../_components/ui/card';

export function Forbidden() {
  return (
    <Card>
      <CardBody className="py-10 text-center">
        <h1 className="text-lg font-semibold text-slate-900">Not available for your role</h1>
        <p className="mt-1 text-sm text-slate-500">
          Your role does not give access to this page. The attempt has been recorded.
        </p>
      </CardBody>
    </Card>
  );
}
