import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const secretariatPages = new Hono<AppEnv>();
