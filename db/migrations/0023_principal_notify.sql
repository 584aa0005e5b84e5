-- reserved for #17 principal cache; replaced by its migration
SELECT 1;
