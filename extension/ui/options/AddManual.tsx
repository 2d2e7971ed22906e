/** Options: add an account by typing its secret and parameters. */
import { useState } from 'preact/hooks';
import { send } from '../api';
import { failure, type Notice, NoticeText, success } from '../components/Notice';
import { t } from '../i18n';

/** The manual-entry form; the background validates the secret and says what is wrong. */
export function AddManual({ onAdded }: { onAdded: () => void }) {
  const [form, setForm] = useState({
    issuer: '',
    label: '',
    secret: '',
    type: 'totp' as 'totp' | 'hotp' | 'steam',
    algorithm: 'SHA1' as 'SHA1' | 'SHA256' | 'SHA512',
    digits: 6,
    period: 30,
    counter: 0,
  });
  const [status, setStatus] = useState<Notice>(null);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const submit = async (event: Event) => {
    event.preventDefault();
    const { period, counter, ...rest } = form;
    try {
      const account =
        rest.type === 'steam'
          ? { ...rest, type: 'totp' as const, encoder: 'steam' as const, period: 30 }
          : rest.type === 'totp'
            ? { ...rest, type: rest.type, period }
            : { ...rest, type: rest.type, counter };
      await send({ type: 'accounts.addManual', account });
      setForm({ ...form, issuer: '', label: '', secret: '' });
      setStatus(success(t('saved')));
      onAdded();
    } catch (e) {
      setStatus(failure(e));
    }
  };
  return (
    <section>
      <h2>{t('addManual')}</h2>
      <form class="grid" onSubmit={submit} data-testid="add-manual">
        <label>
          {t('issuer')}
          <input value={form.issuer} onInput={(e) => set({ issuer: e.currentTarget.value })} />
        </label>
        <label>
          {t('label')}
          <input value={form.label} onInput={(e) => set({ label: e.currentTarget.value })} />
        </label>
        <label>
          {t('secret')}
          <input value={form.secret} required autocomplete="off" spellcheck={false} onInput={(e) => set({ secret: e.currentTarget.value })} />
        </label>
        <label>
          {t('type')}
          <select value={form.type} onChange={(e) => set({ type: e.currentTarget.value as 'totp' | 'hotp' | 'steam' })}>
            <option value="totp">TOTP</option>
            <option value="hotp">HOTP</option>
            <option value="steam">Steam Guard</option>
          </select>
        </label>
        {form.type !== 'steam' && (
          <>
            <label>
              {t('algorithm')}
              <select value={form.algorithm} onChange={(e) => set({ algorithm: e.currentTarget.value as 'SHA1' })}>
                <option>SHA1</option>
                <option>SHA256</option>
                <option>SHA512</option>
              </select>
            </label>
            <label>
              {t('digits')}
              <select value={form.digits} onChange={(e) => set({ digits: Number(e.currentTarget.value) })}>
                <option>6</option>
                <option>7</option>
                <option>8</option>
              </select>
            </label>
            {form.type === 'totp' ? (
              <label>
                {t('period')}
                <input type="number" min={1} max={3600} value={form.period} onInput={(e) => set({ period: Number(e.currentTarget.value) })} />
              </label>
            ) : (
              <label>
                {t('counter')}
                <input type="number" min={0} value={form.counter} onInput={(e) => set({ counter: Number(e.currentTarget.value) })} />
              </label>
            )}
          </>
        )}
        <button type="submit">{t('add')}</button>
        <NoticeText notice={status} />
      </form>
    </section>
  );
}
