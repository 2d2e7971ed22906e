import type { OtpLexicon } from './types';

/** Spanish. */
export const spanish: OtpLexicon = {
  language: 'es',
  otp: [
    'codigo de (?:verificacion|confirmacion|autenticacion|acceso unico|un solo uso|validacion|inicio de sesion)',
    'codigo (?:de )?un solo uso',
    '(?:clave|contrasena) de un solo uso',
    'codigo (?:recibido|enviado)',
    'codigo sms',
    'verificacion en dos pasos',
    'autenticacion (?:en dos pasos|de dos factores|de doble factor)',
    'doble factor',
    'clave dinamica',
  ],
  ambiguous: ['codigo de seguridad'],
  code: ['(?<![a-z])codigo'],
  sent: ['enviado', 'enviamos', 'recibido', 'por sms', 'mensaje de texto'],
  app: ['authenticator', '(?:aplicacion|app) de autenticacion', 'autenticador'],
  channel: ['correo', 'e ?mail', 'bandeja de entrada', '(?<![a-z])sms(?![a-z])', 'telefono', 'movil', 'mensaje de texto'],
  negative: {
    card: ['tarjeta', 'vencimiento', 'caducidad'],
    booking: ['reserva', 'localizador', 'pedido', 'numero de seguimiento', 'billete'],
    postal: ['codigo postal'],
    phone: ['telefono', 'movil', 'celular'],
    pin: ['codigo pin'],
    promo: ['promocional', 'cupon', 'descuento', 'regalo', 'invitacion'],
    captcha: ['caracteres (?:de|en) la imagen'],
    date: ['nacimiento', '(?<![a-z])(?:dia|mes|ano)(?![a-z])'],
    search: ['buscar', 'busqueda'],
    identity: ['usuario', 'contrasena(?! de un)', 'nombre', 'apellido', 'direccion', 'importe', 'correo'],
    recovery: ['codigo de (?:recuperacion|respaldo)'],
  },
};
