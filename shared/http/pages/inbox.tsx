import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const inboxPages = new Hono<AppEnv>();
