// Placeholder so the stack can bundle this entry; the handler itself arrives with its service.
export const handler = async () => {
  throw new Error('not implemented yet');
};
