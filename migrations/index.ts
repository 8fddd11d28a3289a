import { InitialSchema1795604146840 } from './1795604146840-InitialSchema';

/** Migrations in order. Generate with `npm run migration:generate -- migrations/<Name>`, review, add here. */
export const MIGRATIONS: Function[] = [InitialSchema1795604146840];
