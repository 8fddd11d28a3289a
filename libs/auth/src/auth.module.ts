import { createSecretKey } from 'node:crypto';

import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditModule } from '@tocsin/audit';
import { APP_CONFIG, AppConfig, Clock } from '@tocsin/core';

import { ApiKeyEntity } from './api-keys/api-key.entity';
import { ApiKeysResolver } from './api-keys/api-keys.resolver';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AccountSecurityResolver } from './account-security.resolver';
import { AuthGuard } from './auth.guard';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { SessionCache } from './sessions/session-cache';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password.hasher';
import { PasswordResetTokenEntity } from './password-reset/password-reset-token.entity';
import { PasswordResetService } from './password-reset/password-reset.service';
import { UserRecoveryCodeEntity, UserSecondFactorEntity } from './second-factor/second-factor.entity';
import { SecondFactorService } from './second-factor/second-factor.service';
import { AuthSessionEntity } from './sessions/auth-session.entity';
import { AgencyContactsResolver } from './users/agency-contacts.resolver';
import { UserEntity } from './users/user.entity';
import { UsersResolver } from './users/users.resolver';
import { UsersService } from './users/users.service';

export const AUTH_ENTITIES = [
  UserEntity,
  AuthSessionEntity,
  ApiKeyEntity,
  UserSecondFactorEntity,
  UserRecoveryCodeEntity,
  PasswordResetTokenEntity,
];

@Module({
  imports: [
    TypeOrmModule.forFeature(AUTH_ENTITIES),
    AuditModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries it as a public key
        // and throws, on every verify (about 5 % of the api's CPU under load, bench:profile).
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret)),
        signOptions: { issuer: 'tocsin' },
        verifyOptions: { issuer: 'tocsin' },
      }),
    }),
  ],
  providers: [
    Clock,
    PasswordHasher,
    LoginThrottle,
    SecondFactorService,
    AuthService,
    SessionCache,
    PasswordResetService,
    UsersService,
    ApiKeysService,
    AuthGuard,
    AuthResolver,
    UsersResolver,
    ApiKeysResolver,
    AgencyContactsResolver,
    AccountSecurityResolver,
  ],
  exports: [AuthService, UsersService, ApiKeysService, AuthGuard, PasswordHasher, Clock],
})
export class AuthModule {}
