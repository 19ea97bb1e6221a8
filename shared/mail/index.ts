// The public face of mail: templates and the SES sender. Only this folder imports SES.
export { createMailer, createSesClient, type Mail, type Mailer } from './sender';
export { magicLinkMail } from './templates/magic-link';
