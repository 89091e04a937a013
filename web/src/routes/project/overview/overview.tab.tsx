import { createSignal, type JSX } from 'solid-js';
import { useViewer } from '../../../lib/portal.context';
import { Conversation } from './conversation.component';
import { Documents } from './documents.component';
import { Timeline } from './timeline.component';
import { Upload } from './upload.component';
import './overview.css';

/** The Overview tab: the project's files and links (and uploads), its conversation and its activity. */
export function OverviewTab(props: { projectId: string }): JSX.Element {
  const viewer = useViewer();
  const readOnly = () => (viewer().previewBy ? 'This is a preview: messages cannot be sent from it.' : null);
  // Goes up after each finished upload or message: the documents and the activity ask the server again.
  const [version, setVersion] = createSignal(0);
  return (
    <div class="overview">
      <section class="overview__section" aria-labelledby="overview-documents">
        <h2 id="overview-documents">Files and links</h2>
        <Upload projectId={props.projectId} onUploaded={() => setVersion((v) => v + 1)} />
        <Documents projectId={props.projectId} version={version()} />
      </section>
      <section class="overview__section" aria-labelledby="overview-activity">
        <h2 id="overview-activity">Activity</h2>
        <Timeline projectId={props.projectId} version={version()} />
      </section>
      <div class="overview__section overview__conversation">
        <Conversation
          projectId={props.projectId}
          viewer="contact"
          readOnlyNote={readOnly()}
          onPosted={() => setVersion((v) => v + 1)}
        />
      </div>
    </div>
  );
}
