import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const platformPages = new Hono<AppEnv>();
