import type { ClientRepository } from '../../domain/clients/ports.ts';
import { clientFromItem } from '../adapters/dynamodb/client-item.ts';
import { dynamoClientImageStore } from '../adapters/dynamodb/client-image.repository.ts';
import type { TableDependencies } from './table.ts';
import { onFirstUse } from './on-first-use.ts';

/**
 * What the image routes and the image function read and write: a client by id (its item alone, not the
 * whole client repository with search and lists) and the upload records with the client's image.
 */
export const clientImageRecords = ({ data }: Pick<TableDependencies, 'data'>) => ({
  clients: {
    async get(tenantId: string, id: string) {
      const { data: item } = await data.entities.client.get({ tenantId, id }).go();
      return item ? clientFromItem(item as Record<string, unknown>) : undefined;
    },
  } satisfies Pick<ClientRepository, 'get'>,
  images: onFirstUse(() => dynamoClientImageStore(data)),
});
