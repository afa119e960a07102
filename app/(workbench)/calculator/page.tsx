import { isProductionMode } from '../../../server/services/crypto-calculator';
import { Card, CardBody } from '../../_components/ui/card';
import { Forbidden } from '../forbidden';
import { PageHeader } from '../page-header';
import { userWithArea } from '../session';
import { Calculator } from './calculator';

export default async function CalculatorPage() {
  const { allowed } = await userWithArea('calculator');
  if (!allowed) return <Forbidden />;
  return (
    <>
      <PageHeader
        title="EMV crypto calculator"
        description="For test keys only: values typed here are computed on the server in clear, without the HSM, and are not stored."
      />
      {isProductionMode() ? (
        <Card>
          <CardBody>The calculator is switched off in production mode.</CardBody>
        </Card>
      ) : (
        <Calculator />
      )}
    </>
  );
}
