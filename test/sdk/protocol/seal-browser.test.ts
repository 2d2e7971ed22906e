// @vitest-environment jsdom
// tf.attach: adds the sealed field on submit (or the error code when sealing is refused).
import { describe, expect, it } from 'vitest';
import { ConsentRequiredError } from '../../../sdk/protocol/errors';
import { SEALED_FIELD, SEAL_ERROR_FIELD, attachToForm } from '../../../sdk/browser/seal';

describe('attachToForm (tf.attach)', () => {
  function makeForm(): { form: HTMLFormElement; submitted: () => Promise<FormData> } {
    document.body.innerHTML = '<form><input name="user" value="ada"><button name="action" value="login">Log in</button></form>';
    const form = document.querySelector('form')!;
    const submitted = () =>
      new Promise<FormData>((resolve) => {
        // A listener added after attach sees only the final submission, with the field in place.
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          resolve(new FormData(form));
        });
      });
    return { form, submitted };
  }

  it('adds the sealed report as a hidden field before the submission goes through', async () => {
    const { form, submitted } = makeForm();
    attachToForm(form, async () => 'tf1.sealed');
    const done = submitted();
    form.querySelector('button')!.click();
    const data = await done;
    expect(data.get(SEALED_FIELD)).toBe('tf1.sealed');
    expect(data.get('user')).toBe('ada');
    expect(data.get('action')).toBe('login');
  });

  it('submits with the error code when sealing is refused', async () => {
    const { form, submitted } = makeForm();
    attachToForm(form, () => Promise.reject(new ConsentRequiredError('denied')));
    const done = submitted();
    form.requestSubmit();
    const data = await done;
    expect(data.get(SEALED_FIELD)).toBeNull();
    expect(data.get(SEAL_ERROR_FIELD)).toBe('consent_required');
  });

  it('detaches', async () => {
    const { form } = makeForm();
    let calls = 0;
    const detach = attachToForm(form, async () => {
      calls += 1;
      return 'x';
    });
    detach();
    form.addEventListener('submit', (e) => e.preventDefault());
    form.requestSubmit();
    expect(calls).toBe(0);
  });
});
