// Which files an attachment or image field takes: the same rule the server applies when the record is
// saved (AttachmentFieldType.Accepts), checked in the browser so a wrong file is refused before upload.

/** The field's accepted kinds (".pdf", "application/pdf", "image/*"); images take image/* when they list none. */
export function acceptedKinds(type: string, accept: string[] | undefined): string[] {
  if (accept && accept.length > 0) return accept;
  return type === 'image' ? ['image/*'] : [];
}

/** Whether a chosen file passes: its name's extension or its content type is listed (no list: any file). */
export function acceptsFile(kinds: string[], file: { name: string; type: string }): boolean {
  if (kinds.length === 0) return true;
  const dot = file.name.lastIndexOf('.');
  const extension = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
  const type = file.type.toLowerCase();
  return kinds.some((k) => {
    const kind = k.trim().toLowerCase();
    if (kind.startsWith('.')) return extension === kind;
    if (kind.endsWith('/*')) return type.startsWith(kind.slice(0, -1));
    return type === kind;
  });
}
