import { render, waitFor } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('renders the guest sign-in of the portal', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Daprise test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    const rendered = render(App.createRoot());
    await waitFor(() =>
      expect(rendered.getByText('Guest')).toBeInTheDocument(),
    );
  });
});
