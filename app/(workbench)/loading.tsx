import { Loading } from '../_components/ui/states';

export default function WorkbenchLoading() {
  return <Loading label="Loading page…" />;
}
