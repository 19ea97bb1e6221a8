import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const organizationPages = new Hono<AppEnv>();
