/** A refusal said next to the form it is about (an API message names its field: `stores: at least one store`). */
export function FormError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p id={id} className="error admin-error" role="alert">
      {message}
    </p>
  );
}
