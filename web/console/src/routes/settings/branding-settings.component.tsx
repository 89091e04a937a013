import { createMutation } from '@urql/solid';
import { createSignal, Show, type JSX } from 'solid-js';
import { ErrorNote } from '../../../../src/components/status.component';
import { Field } from '../../components/field.component';
import { fieldError, formError } from '../../lib/field-error';
import { BrandingImage } from './branding-image.component';
import { BrandingPreview } from './branding-preview.component';
import { UpdateBrandingMutation, type SettingsWorkspace } from './settings.queries';

/** Settings → Branding: company name, logo, accent colour and whitelabel, previewed as typed. */
export function BrandingSettings(props: { workspace: SettingsWorkspace; onChange: () => void }): JSX.Element {
  const initial = props.workspace.branding;
  const [companyName, setCompanyName] = createSignal(initial.companyName);
  const [accentColor, setAccentColor] = createSignal(initial.accentColor);
  const [showYourBrand, setShowYourBrand] = createSignal(initial.showYourBrand);
  const [saved, setSaved] = createSignal(false);
  const [state, update] = createMutation(UpdateBrandingMutation);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(false);
    const result = await update({
      input: { companyName: companyName(), accentColor: accentColor(), showYourBrand: showYourBrand() },
    });
    setSaved(!result.error);
    if (!result.error) props.onChange();
  };
  const hexOrDefault = () => (/^#[0-9a-f]{6}$/i.test(accentColor()) ? accentColor() : '#3355ff');
  return (
    <>
      <section class="panel" aria-labelledby="branding-heading">
        <h2 id="branding-heading">Branding</h2>
        <form class="form" onSubmit={save}>
          <Show
            when={formError(state.error, ['input.companyName', 'input.accentColor', 'input.showYourBrand'])}
          >
            <ErrorNote error={state.error} />
          </Show>
          <Field
            label="Company name"
            hint="Shown in the portal and in every email"
            error={fieldError(state.error, 'input.companyName')}
          >
            {(attributes) => (
              <input
                {...attributes}
                value={companyName()}
                onInput={(e) => setCompanyName(e.currentTarget.value)}
              />
            )}
          </Field>
          <Field
            label="Accent colour"
            hint="As #rrggbb; buttons, links and the sign-in card"
            error={fieldError(state.error, 'input.accentColor')}
          >
            {(attributes) => (
              <span class="colour-input">
                <input
                  type="color"
                  aria-label="Pick the accent colour"
                  value={hexOrDefault()}
                  onInput={(e) => setAccentColor(e.currentTarget.value)}
                />
                <input
                  {...attributes}
                  value={accentColor()}
                  maxLength={7}
                  size={8}
                  onInput={(e) => setAccentColor(e.currentTarget.value)}
                />
              </span>
            )}
          </Field>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={showYourBrand()}
              onChange={(e) => setShowYourBrand(e.currentTarget.checked)}
            />
            Show your brand alone (whitelabel): no "Powered by Client Portal" in the portal or emails
          </label>
          <div class="actions">
            <button type="submit" class="button" disabled={state.fetching}>
              {state.fetching ? 'Saving…' : 'Save the branding'}
            </button>
            <Show when={saved()}>
              <p role="status">Saved: the portal and new emails look like this now.</p>
            </Show>
          </div>
        </form>
        <BrandingImage image="LOGO" url={props.workspace.branding.logoUrl} onChange={props.onChange} />
      </section>
      <section class="panel" aria-labelledby="preview-heading">
        <h2 id="preview-heading">Preview</h2>
        <p class="muted">As typed, before you save.</p>
        <BrandingPreview
          slug={props.workspace.slug}
          branding={{
            companyName: companyName(),
            accentColor: hexOrDefault(),
            showYourBrand: showYourBrand(),
            logoUrl: props.workspace.branding.logoUrl,
            backgroundImageUrl: props.workspace.branding.backgroundImageUrl,
          }}
        />
      </section>
    </>
  );
}
