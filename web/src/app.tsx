export function App() {
  return (
    <main class="portal">
      <h1>Client Portal</h1>
      <p>Your projects, documents and invoices in one place.</p>
    </main>
  );
}
