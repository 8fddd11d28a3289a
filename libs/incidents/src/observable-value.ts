import { isIP } from 'node:net';

import { AppException } from '@tocsin/core';

import { ObservableType } from './incident.enums';

const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;
const HASH = /^([a-f0-9]{32}|[a-f0-9]{40}|[a-f0-9]{64}|[a-f0-9]{128})$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}$/;

/** Checks an observable's value for its type and returns the form used to link incidents. */
export function normaliseObservable(type: ObservableType, raw: string): string {
  const value = raw.trim();
  const bad = (what: string) => AppException.badInput(`value is not ${what}`, { field: 'value' });
  switch (type) {
    case ObservableType.IP:
      if (!isIP(value)) throw bad('an IPv4 or IPv6 address');
      return value.toLowerCase();
    case ObservableType.DOMAIN: {
      const domain = value.toLowerCase().replace(/\.$/, '');
      if (!DOMAIN.test(domain)) throw bad('a domain name');
      return domain;
    }
    case ObservableType.URL: {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw bad('a URL');
      }
      if (!['http:', 'https:', 'ftp:'].includes(url.protocol)) throw bad('an http(s) or ftp URL');
      return url.toString();
    }
    case ObservableType.HASH: {
      const hash = value.toLowerCase();
      if (!HASH.test(hash)) throw bad('an MD5, SHA-1, SHA-256 or SHA-512 hex digest');
      return hash;
    }
    case ObservableType.EMAIL:
      if (!EMAIL.test(value)) throw bad('an email address');
      return value.toLowerCase();
    case ObservableType.FILE_NAME:
    case ObservableType.OTHER:
      if (!value) throw bad('empty');
      return value;
  }
}
