import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { TrpcProviders } from './_trpc/client';
import './globals.css';

export const metadata: Metadata = {
  title: 'EMV Data Preparation Workbench',
  description: 'Card profiles, keys, preparation jobs and audit for EMV chip card issuance',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TrpcProviders>{children}</TrpcProviders>
      </body>
    </html>
  );
}
