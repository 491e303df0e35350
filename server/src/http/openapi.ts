import { PROTOCOL_VERSION } from '@rs/protocol';
import type { Operation } from './operation.ts';
import { buildOpenApi } from './openapi-build.ts';
import { coreOperations } from './operations.ts';
import { permissionsOperations } from '../permissions/operations.ts';
import { recordingsOperations } from '../recordings/operations.ts';
import { clickToChatOperations } from '../click-to-chat/operations.ts';
import { elevationOperations } from '../elevation/operations.ts';
import { workflowOperations } from '../workflow/operations.ts';
import { itsmOperations } from '../itsm/operations.ts';
import { filesOperations } from '../files/operations.ts';
import { peopleOperations } from '../people/operations.ts';

/**
 * Every REST operation the server mounts, each declared once beside its
 * routes (`operations.ts` of each feature). A route mounted without being
 * listed here fails `route-coverage.integration.test.ts`.
 */
export const OPERATIONS: readonly Operation[] = [
  ...coreOperations,
  ...permissionsOperations,
  ...recordingsOperations,
  ...clickToChatOperations,
  ...elevationOperations,
  ...workflowOperations,
  ...itsmOperations,
  ...filesOperations,
  ...peopleOperations,
];

let cached: { url: string; doc: ReturnType<typeof buildOpenApi> } | null = null;

/** The REST API as OpenAPI 3.1, generated from the operations' own zod schemas (built once per public URL). */
export function openApiDocument(publicUrl: string) {
  if (cached?.url !== publicUrl) cached = { url: publicUrl, doc: buildOpenApi(OPERATIONS, { title: 'Open Remote Support API', version: String(PROTOCOL_VERSION), serverUrl: publicUrl }) };
  return cached.doc;
}
