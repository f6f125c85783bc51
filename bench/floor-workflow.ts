// The floor of this stack, for `npm run bench`: a workflow that does nothing but run one
// activity, which inserts one document. Bundled on its own by bench/floor-worker.ts;
// not part of the product's workflows.
import { proxyActivities } from '@temporalio/workflow';

export interface FloorActivities {
  insertOne(id: string): Promise<void>;
}

const { insertOne } = proxyActivities<FloorActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function floorWorkflow(id: string): Promise<void> {
  await insertOne(id);
}
