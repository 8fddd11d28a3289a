import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

import { Role } from '@tocsin/access';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
export const LOCALES = ['vi', 'en'] as const;

@ValidatorConstraint({ name: 'timeZone' })
export class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || value.length > 64) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'timeZone must be an IANA time zone such as Asia/Ho_Chi_Minh';
  }
}

@InputType()
export class ContactMethodsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^-?\d{1,20}$/, { message: 'telegramChatId must be a Telegram chat id (digits)' })
  telegramChatId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{1,30}$/, { message: 'zaloUserId must be a Zalo user id (digits)' })
  zaloUserId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?\d{8,15}$/, { message: 'phone must be 8-15 digits, optionally starting with +' })
  phone?: string | null;
}

@InputType()
export class CreateUserInput extends ContactMethodsInput {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  displayName: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;

  @Field(() => ID, { nullable: true, description: 'Required for reporters' })
  @IsOptional()
  @IsUUID()
  agencyId?: string | null;

  @Field()
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password: string;

  @Field({ nullable: true, defaultValue: 'vi' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: 'vi' | 'en';

  @Field({ nullable: true, defaultValue: 'Asia/Ho_Chi_Minh' })
  @IsOptional()
  @Validate(IsTimeZone)
  timeZone?: string;
}

@InputType()
export class UpdateUserInput extends ContactMethodsInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  displayName?: string;

  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  agencyId?: string | null;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: 'vi' | 'en';

  @Field({ nullable: true })
  @IsOptional()
  @Validate(IsTimeZone)
  timeZone?: string;

  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT' })
  @IsInt()
  version: number;
}

@InputType()
export class UpdateProfileInput extends ContactMethodsInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  displayName?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: 'vi' | 'en';

  @Field({ nullable: true })
  @IsOptional()
  @Validate(IsTimeZone)
  timeZone?: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @MaxLength(PASSWORD_MAX)
  currentPassword: string;

  @Field()
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  newPassword: string;
}
