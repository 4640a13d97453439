import { Route, Routes } from 'react-router-dom';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import {
  Content,
  ContentHeader,
  Header,
  Page,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import { Link as RouterLink } from 'react-router-dom';
import { PublishPage } from './PublishPage';
import { ResultPage } from './ResultPage';
import { ResultsTable } from './ResultsTable';

function ResultsList() {
  return (
    <Page themeId="tool">
      <Header
        title="Results"
        subtitle="Notebooks published from workspaces: versioned, reviewed and shared"
      />
      <Content>
        <ContentHeader title="">
          <Button
            component={RouterLink}
            to="publish"
            variant="contained"
            color="primary"
          >
            Publish a notebook
          </Button>
        </ContentHeader>
        <ResultsTable title="Results you can see" />
      </Content>
    </Page>
  );
}

/** `/results`: the list, `/results/publish`, and `/results/:resultId`. */
export function ResultsPage() {
  return (
    // The explicit adapter scopes these routes to the page's mount (/results).
    <ReactRouterV6PageRouter>
      <Routes>
        <Route path="/" element={<ResultsList />} />
        <Route path="/publish" element={<PublishPage />} />
        <Route path="/:resultId" element={<ResultPage />} />
      </Routes>
    </ReactRouterV6PageRouter>
  );
}
