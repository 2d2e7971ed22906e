import type { OtpLexicon } from './types';

/** Portuguese (Portugal and Brazil). */
export const portuguese: OtpLexicon = {
  language: 'pt',
  otp: [
    'codigo de (?:verificacao|confirmacao|autenticacao|acesso unico|validacao)',
    'codigo (?:unico|temporario)',
    'senha (?:unica|temporaria|de uso unico)',
    'codigo (?:recebido|enviado)',
    'codigo (?:sms|por sms)',
    'verificacao em duas etapas',
    'autenticacao (?:em duas etapas|de dois fatores)',
    'dois fatores',
    'token de acesso',
  ],
  ambiguous: ['codigo de seguranca'],
  code: ['(?<![a-z])codigo'],
  sent: ['enviado', 'enviamos', 'recebido', 'por sms', 'mensagem de texto'],
  app: ['authenticator', '(?:aplicativo|aplicacao|app) de autenticacao', 'autenticador'],
  channel: ['e ?mail', 'correio', 'caixa de entrada', '(?<![a-z])sms(?![a-z])', 'telefone', 'celular', 'telemovel'],
  negative: {
    card: ['cartao', 'validade', 'vencimento'],
    booking: ['reserva', 'pedido', 'rastreamento', 'bilhete'],
    postal: ['(?<![a-z])cep(?![a-z])', 'codigo postal'],
    phone: ['telefone', 'telemovel', 'celular'],
    pin: ['codigo pin'],
    promo: ['promocional', 'cupom', 'cupao', 'desconto', 'presente', 'convite'],
    captcha: ['caracteres da imagem'],
    date: ['nascimento', '(?<![a-z])(?:dia|mes|ano)(?![a-z])'],
    search: ['pesquis', '(?<![a-z])busca'],
    identity: ['usuario', 'utilizador', 'senha(?! unica| temporaria| de uso)', '(?<![a-z])cpf(?![a-z])', 'sobrenome', 'endereco', 'valor'],
    recovery: ['codigo de (?:recuperacao|backup)'],
  },
};
