import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tocsin:isPublic';

/** Marks an operation that needs no authentication (login, token refresh, health, metrics). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
